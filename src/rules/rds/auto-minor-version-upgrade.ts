import { alternatives, booleanOf, describeBranches, describeOrigin, nodeWithin, whyUnknown } from '../../graph/query.js';
import { defineRule } from '../define.js';

/**
 * Resource types whose `AutoMinorVersionUpgrade` property turns automatic minor engine upgrades on or off, all with
 * an AWS default of true. `AWS::DocDB::DBInstance` has the property too, but DocumentDB documents that it does not
 * apply (DocumentDB performs no minor version upgrades whatever the value), so it is left out.
 */
const KINDS: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'RDS DB instance',
  'AWS::RDS::DBCluster': 'RDS DB cluster',
  'AWS::Neptune::DBInstance': 'Neptune DB instance',
  'AWS::ElastiCache::CacheCluster': 'ElastiCache cluster',
  'AWS::ElastiCache::ReplicationGroup': 'ElastiCache replication group',
  'AWS::MemoryDB::Cluster': 'MemoryDB cluster',
  'AWS::DMS::ReplicationInstance': 'DMS replication instance',
  'AWS::AmazonMQ::Broker': 'Amazon MQ broker',
};

/**
 * Types whose default for an absent AutoMinorVersionUpgrade we could not confirm from AWS documentation (Terraform's
 * provider defaults Amazon MQ to false). An absent setting there is a note that asks for an explicit true.
 */
const UNCONFIRMED_DEFAULT = new Set(['AWS::AmazonMQ::Broker']);

export default defineRule({
  id: 'rds/auto-minor-version-upgrade',
  title: 'Database, cache and broker engines apply minor version upgrades automatically',
  description:
    'The guidance makes the customer responsible for "updates and security patches" of the software it runs. Managed ' +
    'engines (RDS and Aurora, Neptune, ElastiCache, MemoryDB, DMS, Amazon MQ) receive security fixes as minor engine ' +
    'versions, which AWS applies in the maintenance window only when AutoMinorVersionUpgrade is true. Setting it to ' +
    'false is a finding. Absent means the AWS default, which is true for these types, so it passes; for Amazon MQ, ' +
    'whose default we could not confirm, an absent setting is a note asking to state it. RDS Custom ' +
    '(engine custom-*), which AWS requires to set false, and ElastiCache Memcached, where the setting does not apply, ' +
    'are skipped; DocumentDB is not checked because it performs no minor upgrades whatever the setting.',
  fix:
    'Remove AutoMinorVersionUpgrade or set it to true, and choose a PreferredMaintenanceWindow that suits the workload. ' +
    'CDK: `autoMinorVersionUpgrade: true` (the default) on rds.DatabaseInstance and the cluster instance props.',
  controls: ['SRM-2'],
  severity: 'error',
  appliesTo: Object.keys(KINDS),
  peers: {
    cdkNag: [
      'AwsSolutions-N2',
      'HIPAA.Security-RDSAutomaticMinorVersionUpgradeEnabled',
      'PCI.DSS.321-RDSAutomaticMinorVersionUpgradeEnabled',
    ],
    securityHub: ['RDS.13', 'RDS.35', 'ElastiCache.2', 'MQ.3', 'DMS.6'],
  },
  messages: {
    disabled:
      "{{kind}} '{{id}}' sets AutoMinorVersionUpgrade to false{{origin}}{{when}}: minor engine versions, which carry its security patches, are not applied automatically.",
    unknown: "{{kind}} '{{id}}' sets AutoMinorVersionUpgrade to a value not known before deployment{{when}} ({{reason}}).",
    absentUnconfirmed:
      "{{kind}} '{{id}}' does not set AutoMinorVersionUpgrade{{when}}: its default is not documented as true, so set it to true explicitly.",
  },
  *check(resource, ctx) {
    const engine = ctx.graph.get(resource, 'Properties', 'Engine');
    const engines = alternatives(engine).map((e) => (e.value.kind === 'literal' ? String(e.value.value).toLowerCase() : ''));
    // RDS Custom must turn automatic upgrades off; ElastiCache Memcached has no automatic minor upgrades.
    if (
      engines.length > 0 &&
      engines.every((e) => e.startsWith('custom-') || (resource.type === 'AWS::ElastiCache::CacheCluster' && e === 'memcached'))
    )
      return;
    const setting = ctx.graph.get(resource, 'Properties', 'AutoMinorVersionUpgrade');
    for (const { when, value } of alternatives(setting)) {
      const on = booleanOf(value);
      if (on === true || (value.kind === 'absent' && !UNCONFIRMED_DEFAULT.has(resource.type))) continue;
      const data = { kind: KINDS[resource.type], id: resource.logicalId, when: describeBranches(when), origin: describeOrigin(value) };
      const at = nodeWithin(resource, [value, setting], ['Properties', 'AutoMinorVersionUpgrade']);
      if (value.kind === 'absent') {
        yield { at, messageId: 'absentUnconfirmed', data, severity: 'note' };
        continue;
      }
      if (on === false) yield { at, messageId: 'disabled', data };
      else yield { at, messageId: 'unknown', data: { ...data, reason: whyUnknown(value) }, severity: 'warning' };
    }
  },
});
