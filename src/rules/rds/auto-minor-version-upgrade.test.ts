import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './auto-minor-version-upgrade.js';

const resource = (type: string, properties: string, head = '') =>
  `${head}Resources:\n  Db:\n    Type: ${type}\n    Properties:\n      ${properties.trim().replace(/\n/g, '\n      ')}\n`;
const db = (properties: string, head = '') =>
  resource('AWS::RDS::DBInstance', `DBInstanceClass: db.t3.micro\nEngine: postgres\n${properties}`, head);

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'absent relies on the AWS default (true)', template: db('') },
    { name: 'explicitly true', template: db('AutoMinorVersionUpgrade: true') },
    { name: "the string 'true'", template: db("AutoMinorVersionUpgrade: 'true'") },
    {
      name: 'RDS Custom must turn it off',
      template: resource('AWS::RDS::DBInstance', 'Engine: custom-oracle-ee\nAutoMinorVersionUpgrade: false'),
    },
    {
      name: 'ElastiCache Memcached has no automatic minor upgrades',
      template: resource(
        'AWS::ElastiCache::CacheCluster',
        'Engine: memcached\nCacheNodeType: cache.t3.micro\nNumCacheNodes: 1\nAutoMinorVersionUpgrade: false',
      ),
    },
    {
      name: 'DocumentDB ignores the setting',
      template: resource('AWS::DocDB::DBInstance', 'DBInstanceClass: db.r5.large\nDBClusterIdentifier: c\nAutoMinorVersionUpgrade: false'),
    },
    {
      name: 'a parameter whose default is true',
      template: db('AutoMinorVersionUpgrade: !Ref Auto', "Parameters:\n  Auto:\n    Type: String\n    Default: 'true'\n"),
    },
  ],
  invalid: [
    {
      name: 'an Amazon MQ broker without the setting: its default is not documented, so a note',
      template: resource('AWS::AmazonMQ::Broker', 'EngineType: ACTIVEMQ'),
      findings: [
        {
          messageId: 'absentUnconfirmed',
          pointer: '/Resources/Db/Properties',
          line: 4,
          column: 5,
          severity: 'note',
          message: "Amazon MQ broker 'Db' does not set AutoMinorVersionUpgrade",
        },
      ],
    },
    {
      name: 'an RDS instance with automatic minor upgrades off',
      template: db('AutoMinorVersionUpgrade: false'),
      findings: [
        {
          messageId: 'disabled',
          pointer: '/Resources/Db/Properties/AutoMinorVersionUpgrade',
          line: 7,
          column: 7,
          message:
            "RDS DB instance 'Db' sets AutoMinorVersionUpgrade to false: minor engine versions, which carry its security patches, are not applied automatically.",
        },
      ],
    },
    {
      name: 'the other engines',
      template:
        'Resources:\n' +
        '  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      AutoMinorVersionUpgrade: false\n' +
        '  Graph:\n    Type: AWS::Neptune::DBInstance\n    Properties:\n      DBInstanceClass: db.r5.large\n      AutoMinorVersionUpgrade: false\n' +
        '  Cache:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: c\n      AutoMinorVersionUpgrade: false\n' +
        '  Redis:\n    Type: AWS::ElastiCache::CacheCluster\n    Properties:\n      Engine: redis\n      CacheNodeType: cache.t3.micro\n      NumCacheNodes: 1\n      AutoMinorVersionUpgrade: false\n' +
        '  Memory:\n    Type: AWS::MemoryDB::Cluster\n    Properties:\n      ACLName: open-access\n      NodeType: db.t4g.small\n      AutoMinorVersionUpgrade: false\n' +
        '  Dms:\n    Type: AWS::DMS::ReplicationInstance\n    Properties:\n      ReplicationInstanceClass: dms.t3.micro\n      AutoMinorVersionUpgrade: false\n' +
        '  Broker:\n    Type: AWS::AmazonMQ::Broker\n    Properties:\n      EngineType: ACTIVEMQ\n      AutoMinorVersionUpgrade: false\n',
      findings: [
        {
          messageId: 'disabled',
          pointer: '/Resources/Cluster/Properties/AutoMinorVersionUpgrade',
          line: 6,
          column: 7,
          message: "RDS DB cluster 'Cluster'",
        },
        {
          messageId: 'disabled',
          pointer: '/Resources/Graph/Properties/AutoMinorVersionUpgrade',
          line: 11,
          column: 7,
          message: "Neptune DB instance 'Graph'",
        },
        {
          messageId: 'disabled',
          pointer: '/Resources/Cache/Properties/AutoMinorVersionUpgrade',
          line: 16,
          column: 7,
          message: "ElastiCache replication group 'Cache'",
        },
        {
          messageId: 'disabled',
          pointer: '/Resources/Redis/Properties/AutoMinorVersionUpgrade',
          line: 23,
          column: 7,
          message: "ElastiCache cluster 'Redis'",
        },
        {
          messageId: 'disabled',
          pointer: '/Resources/Memory/Properties/AutoMinorVersionUpgrade',
          line: 29,
          column: 7,
          message: "MemoryDB cluster 'Memory'",
        },
        {
          messageId: 'disabled',
          pointer: '/Resources/Dms/Properties/AutoMinorVersionUpgrade',
          line: 34,
          column: 7,
          message: "DMS replication instance 'Dms'",
        },
        {
          messageId: 'disabled',
          pointer: '/Resources/Broker/Properties/AutoMinorVersionUpgrade',
          line: 39,
          column: 7,
          message: "Amazon MQ broker 'Broker'",
        },
      ],
    },
    {
      name: "the string 'false' from a parameter default",
      template: db('AutoMinorVersionUpgrade: !Ref Auto', "Parameters:\n  Auto:\n    Type: String\n    Default: 'false'\n"),
      findings: [
        {
          messageId: 'disabled',
          pointer: '/Resources/Db/Properties/AutoMinorVersionUpgrade',
          line: 11,
          column: 7,
          message: "false (from the default of parameter 'Auto')",
        },
      ],
    },
    {
      name: 'one branch of Fn::If',
      template: db(
        'AutoMinorVersionUpgrade: !If [IsProd, false, true]',
        'Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n',
      ),
      findings: [
        {
          messageId: 'disabled',
          pointer: '/Resources/Db/Properties/AutoMinorVersionUpgrade/Fn::If/1',
          line: 12,
          column: 45,
          message: '(when IsProd is true)',
        },
      ],
    },
    {
      name: 'a value not known before deployment is a warning',
      template: db('AutoMinorVersionUpgrade: !Ref Auto', 'Parameters:\n  Auto:\n    Type: String\n'),
      findings: [
        {
          messageId: 'unknown',
          pointer: '/Resources/Db/Properties/AutoMinorVersionUpgrade',
          line: 10,
          column: 7,
          severity: 'warning',
          message: "parameter 'Auto' has no default",
        },
      ],
    },
    {
      name: 'an engine that is not RDS Custom in one branch is still checked',
      template: resource(
        'AWS::RDS::DBInstance',
        'Engine: !If [C, custom-oracle-ee, oracle-ee]\nAutoMinorVersionUpgrade: false',
        'Parameters:\n  Env:\n    Type: String\nConditions:\n  C: !Equals [!Ref Env, x]\n',
      ),
      findings: [{ messageId: 'disabled', pointer: '/Resources/Db/Properties/AutoMinorVersionUpgrade', line: 11, column: 7 }],
    },
  ],
});
