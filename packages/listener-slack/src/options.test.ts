import { WebClient } from '@slack/web-api';
import { AsyncSlackListener } from './async-slack-listener';
import { SlackListener } from './slack-listener';
import { TEST_TOKEN } from './testing/stand-in-client';

const valid = { name: 'payments', channel: 'C0123456789', token: TEST_TOKEN };

describe.each([
  ['SlackListener', (o: unknown) => new SlackListener(o as never)],
  ['AsyncSlackListener', (o: unknown) => new AsyncSlackListener(o as never)],
] as const)('%s options', (owner, create) => {
  test('valid options construct a listener without touching the network', () => {
    const listener = create(valid);
    expect(listener.name).toBe('payments');
    expect(listener.channel).toBe('C0123456789');
  });

  test.each([
    ['name', { ...valid, name: '' }, 'name must be a non-empty string, got ""'],
    ['name', { ...valid, name: undefined }, 'name must be a non-empty string, got undefined'],
    ['name', { ...valid, name: 42 }, 'name must be a non-empty string, got 42'],
    ['channel', { ...valid, channel: '  ' }, 'channel must be a non-empty string, got "  "'],
    ['channel', { ...valid, channel: null }, 'channel must be a non-empty string, got null'],
  ])('missing or empty %s is a TypeError naming it', (_option, options, message) => {
    expect(() => create(options)).toThrow(new TypeError(`${owner}: ${message}`));
  });

  test.each([
    [{ ...valid, token: undefined }, /token must be a non-empty string .*got undefined$/],
    [{ ...valid, token: '' }, /token must be a non-empty string, got an empty string$/],
    [{ ...valid, token: '   ' }, /token must be a non-empty string, got an empty string$/],
    [{ ...valid, token: 12345 }, /token must be a non-empty string .*got number$/],
  ])('a bad token is a TypeError that never echoes it (%#)', (options, message) => {
    expect(() => create(options)).toThrow(TypeError);
    expect(() => create(options)).toThrow(message);
  });

  test('the token never appears in any validation message', () => {
    const cases = [
      { ...valid, name: '' },
      { ...valid, channel: '' },
      { ...valid, client: { chat: {} } },
      { ...valid, templates: { 'closed->opened': {} } },
      { ...valid, fallbackTemplate: 'x' },
    ];
    for (const options of cases) {
      let message = '';
      try {
        create(options);
      } catch (error) {
        message = `${(error as Error).message}\n${(error as Error).stack}`;
      }
      expect(message).toContain(owner);
      expect(message).not.toContain(TEST_TOKEN);
    }
  });

  test('options must be an object', () => {
    expect(() => create(undefined)).toThrow(
      new TypeError(
        `${owner}: options must be an object with name, channel and token, got undefined`,
      ),
    );
  });

  test('a client must look like a WebClient', () => {
    expect(() => create({ ...valid, client: { chat: {} } })).toThrow(
      new TypeError(
        `${owner}: client must be a WebClient from @slack/web-api (with chat.postMessage), got [object Object]`,
      ),
    );
    expect(() => create({ ...valid, client: 'xoxb' })).toThrow(/client must be a WebClient/);
  });

  test('with a client, the token may be left out', () => {
    const client = new WebClient(TEST_TOKEN);
    expect(() => create({ name: 'payments', channel: 'C1', client })).not.toThrow();
  });

  test('template keys must be <old>-><new> with known states', () => {
    for (const key of ['closed->opened', 'closed-open', 'closed->open->closed', '']) {
      expect(() => create({ ...valid, templates: { [key]: { title: 'x' } } })).toThrow(
        new RegExp(`${owner}: templates keys must be '<old>-><new>'.*got ${JSON.stringify(key)}`),
      );
    }
  });

  test('templates may only hold non-empty title, color and description strings', () => {
    expect(() => create({ ...valid, templates: { 'closed->open': { titel: 'x' } } })).toThrow(
      `${owner}: templates['closed->open'] may only have title, color and description, got "titel"`,
    );
    expect(() => create({ ...valid, templates: { 'closed->open': { color: '' } } })).toThrow(
      `${owner}: templates['closed->open'].color must be a non-empty string, got ""`,
    );
    expect(() => create({ ...valid, fallbackTemplate: { description: 7 } })).toThrow(
      `${owner}: fallbackTemplate.description must be a non-empty string, got 7`,
    );
    expect(() => create({ ...valid, templates: [] })).toThrow(
      `${owner}: templates must be an object, got []`,
    );
  });
});

test('SlackListener: onError must be a function', () => {
  expect(() => new SlackListener({ ...valid, onError: 'log' as never })).toThrow(
    new TypeError('SlackListener: onError must be a function, got "log"'),
  );
});

describe.each([
  ['SlackListener', (o: unknown) => new SlackListener(o as never), ', onError'],
  ['AsyncSlackListener', (o: unknown) => new AsyncSlackListener(o as never), ''],
] as const)('%s unknown options', (owner, create, extra) => {
  test.each(['onerror', 'chanel', 'template', 'timeout'])(
    '%s is refused, naming the options',
    (key) => {
      expect(() => create({ ...valid, [key]: 'x' })).toThrow(
        new TypeError(
          `${owner}: unknown option '${key}'; the options are name, channel, token, client, ` +
            `templates, fallbackTemplate, postTimeout${extra}`,
        ),
      );
    },
  );

  test('options given as undefined are taken as absent', () => {
    const listener = create({
      ...valid,
      client: undefined,
      templates: undefined,
      fallbackTemplate: undefined,
      postTimeout: undefined,
    });
    expect(listener.name).toBe('payments');
  });

  test.each([
    [0, RangeError],
    [-1, RangeError],
    [Number.NaN, RangeError],
    [2 ** 31, RangeError],
    ['5s', TypeError],
  ])('postTimeout %p is refused', (postTimeout, type) => {
    expect(() => create({ ...valid, postTimeout })).toThrow(type);
    expect(() => create({ ...valid, postTimeout })).toThrow(
      new RegExp(`^${owner}: postTimeout must be a number of ms in \\(0, 2147483647\\], got `),
    );
  });
});

test('AsyncSlackListener refuses onError and says where failures go', () => {
  expect(() => new AsyncSlackListener({ ...valid, onError: () => {} } as never)).toThrow(
    /AsyncSlackListener: onError is not an option;.*onListenerError/,
  );
});
