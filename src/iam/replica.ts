import type { Graph } from '../graph/build.js';
import type { Resource } from '../graph/query.js';
import { alternatives, renderText } from '../graph/query.js';
import { bucketPoliciesOf } from '../aws/s3.js';
import { statementsIn } from './documents.js';

/** `s3:ReplicateObject` as written, or a pattern that only stands for the replication actions (`s3:Replicate*`). */
const REPLICATE = /^s3:Replicate(?:Object|\*)$/i;

/**
 * Whether a bucket of the input receives replicas from a bucket that the input does not hold: its bucket policy
 * allows some principal `s3:ReplicateObject`. S3 replication into a bucket of another account (or of a stack
 * deployed elsewhere) needs exactly that grant to the source's replication role, so the policy marks the bucket
 * as the destination, the disaster-recovery copy. `s3:*` does not count: it says nothing of replication.
 */
export function receivesReplication(graph: Graph, bucket: Resource): boolean {
  return bucketPoliciesOf(graph, bucket).some((policy) =>
    statementsIn(graph, policy).some(
      ({ statement }) =>
        statement.effect === 'Allow' &&
        statement.actions.some((a) => alternatives(a.value).some((alt) => REPLICATE.test(renderText(alt.value) ?? ''))),
    ),
  );
}
