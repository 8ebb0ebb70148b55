// A SlackListener's reports of failed posts: whatever the error is and whatever onError does,
// nothing escapes (no throw, no unhandled rejection) and stderr gets one line per fault.

import { SlackStandIn } from '@fluxgate/slack-stand-in';
import { SlackListener } from './slack-listener';
import type { SlackTemplate } from './templates';
import { signal } from './testing/signals';
import { standInClient } from './testing/stand-in-client';

let slack: SlackStandIn;
let lines: string[];
let unhandled: unknown[];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(async () => {
  slack = await SlackStandIn.start();
  lines = [];
  unhandled = [];
  jest.spyOn(console, 'error').mockImplementation((line) => void lines.push(String(line)));
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  process.off('unhandledRejection', onUnhandled);
  jest.restoreAllMocks();
  await slack.close();
});

/** Lets the rejection tracking of Node run (it fires after the microtask queue drains). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const revoked = Proxy.revocable({}, {});
revoked.revoke();
const badName = new Error('bad template');
Object.defineProperty(badName, 'name', {
  get() {
    throw new Error('name getter');
  },
});
const HOSTILE: [string, unknown][] = [
  ['a null-prototype object', Object.create(null)],
  ['a revoked Proxy', revoked.proxy],
  ['an Error whose name getter throws', badName],
  ['a string', 'plain text'],
  ['undefined', undefined],
];

/** A listener whose message builder throws `value`, as a broken custom template would. */
function throwingListener(value: unknown, onError?: (error: unknown) => unknown) {
  class Broken extends SlackListener {
    protected override template(): SlackTemplate {
      throw value;
    }
  }
  return new Broken({
    name: 'payments',
    channel: 'C1',
    client: standInClient(slack),
    ...(onError === undefined ? {} : { onError }),
  });
}

describe('the default report', () => {
  test.each(HOSTILE)('renders %s safely, in one line', async (_label, value) => {
    const listener = throwingListener(value);
    listener.notify(signal('closed', 'open'));
    await listener.flush();
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[fluxgate\] SlackListener failed to post closed->open: .+$/);
    expect(unhandled).toEqual([]);
  });
});

describe('an onError that fails', () => {
  test('a returned promise that rejects is handled and reported on stderr', async () => {
    const listener = throwingListener(new Error('x'), async () => {
      throw new Error('async handler broke');
    });
    listener.notify(signal('closed', 'open'));
    await listener.flush();
    await settle();
    await settle();
    expect(unhandled).toEqual([]);
    expect(lines).toEqual([
      '[fluxgate] SlackListener failed to post closed->open: Error: x',
      '[fluxgate] SlackListener: onError failed while reporting it: Error: async handler broke',
    ]);
  });

  test('a hostile value thrown by onError is rendered safely', async () => {
    const listener = throwingListener(new Error('x'), () => {
      throw revoked.proxy;
    });
    listener.notify(signal('closed', 'open'));
    await listener.flush();
    expect(lines[1]).toMatch(/^\[fluxgate\] SlackListener: onError failed while reporting it: .+/);
  });

  test('a thenable whose then getter throws is reported, not thrown', async () => {
    const thenable = Object.defineProperty({}, 'then', {
      get() {
        throw new Error('then getter');
      },
    });
    const listener = throwingListener(new Error('x'), () => thenable);
    listener.notify(signal('closed', 'open'));
    await listener.flush();
    await settle();
    expect(unhandled).toEqual([]);
    expect(lines).toEqual([]);
  });
});
