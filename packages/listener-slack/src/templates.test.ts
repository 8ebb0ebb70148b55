import {
  DEFAULT_FALLBACK_TEMPLATE,
  DEFAULT_TEMPLATES,
  TemplateSet,
  transitionKey,
} from './templates';
import { signal } from './testing/signals';

describe('default templates', () => {
  test.each([
    ['closed', 'open', '🚨 Circuit Breaker Triggered', '#FF4C4C'],
    ['open', 'half_open', '🔄 Attempting Circuit Breaker Recovery', '#FFA500'],
    ['half_open', 'open', '⚠️ Circuit Breaker Re-triggered', '#FF4C4C'],
    ['half_open', 'closed', '✅ Circuit Breaker Recovered', '#36a64f'],
    ['closed', 'forced_open', 'ℹ️ Circuit Breaker State Changed', '#808080'],
    ['open', 'closed', 'ℹ️ Circuit Breaker State Changed', '#808080'],
    ['closed', 'metrics_only', 'ℹ️ Circuit Breaker State Changed', '#808080'],
  ] as const)('%s -> %s is "%s" in %s (SPEC table)', (from, to, title, color) => {
    const template = new TemplateSet().for(signal(from, to));
    expect(template.title).toBe(title);
    expect(template.color).toBe(color);
    expect(template.description.length).toBeGreaterThan(10);
  });

  test('are frozen', () => {
    expect(Object.isFrozen(DEFAULT_TEMPLATES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_TEMPLATES['closed->open'])).toBe(true);
    expect(Object.isFrozen(DEFAULT_FALLBACK_TEMPLATE)).toBe(true);
  });

  test('transition keys read <old>-><new>', () => {
    expect(transitionKey(signal('half_open', 'closed'))).toBe('half_open->closed');
  });
});

describe('TemplateSet overrides', () => {
  test('a full entry replaces the default for its transition only', () => {
    const set = new TemplateSet({
      'closed->open': { title: 'Ausgelöst', color: '#000000', description: 'Zu viele Fehler.' },
    });
    expect(set.for(signal('closed', 'open'))).toEqual({
      title: 'Ausgelöst',
      color: '#000000',
      description: 'Zu viele Fehler.',
    });
    expect(set.for(signal('half_open', 'open'))).toEqual(DEFAULT_TEMPLATES['half_open->open']);
  });

  test('a partial entry keeps the default fields it does not give', () => {
    const set = new TemplateSet({ 'half_open->closed': { title: 'Back to normal' } });
    expect(set.for(signal('half_open', 'closed'))).toEqual({
      ...DEFAULT_TEMPLATES['half_open->closed'],
      title: 'Back to normal',
    });
  });

  test('fallbackTemplate changes only transitions without their own template', () => {
    const set = new TemplateSet({}, { title: 'Geändert' });
    expect(set.for(signal('closed', 'disabled')).title).toBe('Geändert');
    expect(set.for(signal('closed', 'disabled')).color).toBe(DEFAULT_FALLBACK_TEMPLATE.color);
    expect(set.for(signal('closed', 'open'))).toEqual(DEFAULT_TEMPLATES['closed->open']);
  });

  test('an entry for a transition without a default builds on the fallback', () => {
    const set = new TemplateSet({ 'open->forced_open': { color: '#123456' } }, { title: 'Manual' });
    expect(set.for(signal('open', 'forced_open'))).toEqual({
      title: 'Manual',
      color: '#123456',
      description: DEFAULT_FALLBACK_TEMPLATE.description,
    });
  });
});
