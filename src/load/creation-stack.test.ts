import { describe, expect, it } from 'vitest';
import { constructInfoOf, creationSiteOf, userFrame } from './creation-stack.js';

const display = (abs: string) => abs.replace(/^\/repo\//, '');

describe('userFrame', () => {
  it('takes the first frame outside aws-cdk-lib, node_modules and Node', () => {
    const frames = [
      '...new Bucket2 in aws-cdk-lib...',
      'new Helper (/repo/node_modules/some-lib/index.js:3:9)',
      'new DataStack (/repo/lib/data-stack.ts:42:5)',
      '<anonymous> (/repo/bin/app.ts:8:1)',
      '...node internals...',
    ];
    expect(userFrame(frames, display)).toEqual({ file: 'lib/data-stack.ts', line: 42, column: 5 });
  });

  it('reads bare frames and file URLs, which may have no column', () => {
    expect(userFrame(['/repo/bin/app.ts:8:10'], display)).toEqual({ file: 'bin/app.ts', line: 8, column: 10 });
    expect(userFrame(['file:///repo/app.mjs:5'], display)).toEqual({ file: 'app.mjs', line: 5 });
  });

  it('has none when the CDK found no user code, and skips what is not a frame', () => {
    expect(
      userFrame(['...aws-cdk-lib...', '(no user code in 10 frames, use --stack-trace-limit to capture more)'], display),
    ).toBeUndefined();
    expect(userFrame([42, null, 'node:internal/modules/run_main:1:1', '/repo/lib/x.ts:0:1'], display)).toBeUndefined();
    // A frame with a control character is crafted input, never printed.
    expect(userFrame(['/repo/lib/\u001b[31mx.ts:3:1'], display)).toBeUndefined();
  });
});

describe('creationSiteOf', () => {
  const info = constructInfoOf(display, {
    '/Stack': [{ type: 'aws:cdk:creationStack', data: ['<anonymous> (/repo/bin/app.ts:5:1)'] }],
    '/Stack/Fn/Resource': [{ type: 'aws:cdk:creationStack', data: ['...new Function2 in aws-cdk-lib...', 'new S (/repo/lib/s.ts:20:16)'] }],
    '/Stack/Fn/ServiceRole/Resource': [{ type: 'aws:cdk:creationStack', data: ['new S (/repo/lib/s.ts:20:16)'] }],
    '/Stack/Fn/ServiceRole/DefaultPolicy/Resource': [{ type: 'aws:cdk:creationStack', data: ['...aws-cdk-lib...'] }],
    '/Stack/Custom::XCustomResourceProvider/Role': [{ type: 'aws:cdk:creationStack', data: ['...aws-cdk-lib...'] }],
    '/Stack/Singleton': [{ type: 'aws:cdk:is-custom-resource-handler-singleton', data: true }],
  });

  it('uses the construct’s own frame, else the nearest owner’s L1, never the stack’s for a resource', () => {
    expect(creationSiteOf(info, 'Stack/Fn/Resource', 'Stack')).toEqual({ file: 'lib/s.ts', line: 20, column: 16 });
    // Made lazily by a grant: the role's owner (the function) is where the user wrote it.
    expect(creationSiteOf(info, 'Stack/Fn/ServiceRole/DefaultPolicy/Resource', 'Stack')).toEqual({
      file: 'lib/s.ts',
      line: 20,
      column: 16,
    });
    expect(creationSiteOf(info, 'Stack/Custom::XCustomResourceProvider/Role', 'Stack')).toBeUndefined();
    // A stack finding (termination protection) is where the stack is created.
    expect(creationSiteOf(info, 'Stack', 'Stack')).toEqual({ file: 'bin/app.ts', line: 5, column: 1 });
    expect(info.handlers.get('Stack/Singleton')).toBe('singleton');
  });
});
