import assert from 'node:assert/strict';
import type { ResourceDetectorName } from '../../../../instrumentation/config/internal-types';
import { resolveConfig } from '../../../../instrumentation/config/resolve';
import { buildResource } from '../../../../instrumentation/sdk/resource';

const resourceWith = async (detectors?: ResourceDetectorName[]) => {
  const resource = buildResource(
    resolveConfig(
      { serviceName: 'svc', resourceAttributes: { 'host.name': 'from-env' } },
      {
        resourceDetectors: detectors,
      },
    ),
  );
  await resource.waitForAsyncAttributes?.();
  return resource.attributes;
};

describe('instrumentation/sdk/resource: detectors', () => {
  it('by default: host and process, below OTEL_RESOURCE_ATTRIBUTES and the agent identity', async () => {
    const attrs = await resourceWith();
    assert.equal(attrs['host.name'], 'from-env');
    assert.equal(typeof attrs['host.arch'], 'string');
    assert.equal(attrs['process.pid'], process.pid);
    assert.equal(attrs['os.type'], undefined);
    assert.equal(attrs['service.name'], 'svc');
    assert.equal(attrs['gen_ai.agent.id'], 'svc');
  });

  it('OTEL_NODE_RESOURCE_DETECTORS=os: only the os detector', async () => {
    const attrs = await resourceWith(['os']);
    assert.equal(typeof attrs['os.type'], 'string');
    assert.equal(attrs['process.pid'], undefined);
    assert.equal(attrs['host.arch'], undefined);
  });

  it('none: no detector; all: every shipped one', async () => {
    const none = await resourceWith(['none', 'host']);
    assert.equal(none['host.arch'], undefined);
    assert.equal(none['service.instance.id'] !== undefined, true, 'the instance id is always set');
    const all = await resourceWith(['all']);
    for (const key of ['host.arch', 'os.type', 'process.pid']) assert.notEqual(all[key], undefined, key);
  });
});
