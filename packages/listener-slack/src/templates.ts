import type { Signal, State } from '@fluxgate/core';

/**
 * What a Slack post says about one transition: the bold title, the colour of the attachment's
 * bar (a hex code such as `#FF4C4C`, or Slack's `good` / `warning` / `danger`) and a sentence
 * for the description field.
 *
 * @example
 * ```ts
 * const tripped: SlackTemplate = {
 *   title: '🚨 Circuit-Breaker ausgelöst',
 *   color: '#FF4C4C',
 *   description: 'Die Fehlerquote hat den Schwellenwert erreicht.',
 * };
 * ```
 */
export interface SlackTemplate {
  /** Bold first line of the message, also the start of the notification text. */
  readonly title: string;
  /** Colour of the attachment bar. */
  readonly color: string;
  /** One sentence that explains the transition to the reader. */
  readonly description: string;
}

/**
 * A transition written as `'<old>-><new>'`, the key of the `templates` option.
 *
 * @example
 * ```ts
 * const key: TransitionKey = 'half_open->closed';
 * ```
 */
export type TransitionKey = `${State}->${State}`;

/**
 * Per-transition templates as the `templates` option takes them; each entry may give only the
 * fields it changes (the others come from the default for that transition, or from the
 * fallback template).
 *
 * @example
 * ```ts
 * const templates: SlackTemplates = { 'closed->open': { title: '🔥 payments is failing' } };
 * ```
 */
export type SlackTemplates = { readonly [K in TransitionKey]?: Partial<SlackTemplate> | undefined };

/**
 * The templates used when no option or subclass replaces them (the table of SPEC §5, with
 * the descriptions of the Python library reworded).
 *
 * @example
 * ```ts
 * DEFAULT_TEMPLATES['closed->open'].title; // '🚨 Circuit Breaker Triggered'
 * ```
 */
export const DEFAULT_TEMPLATES: Readonly<
  Record<
    'closed->open' | 'open->half_open' | 'half_open->open' | 'half_open->closed',
    SlackTemplate
  >
> = Object.freeze({
  'closed->open': Object.freeze({
    title: '🚨 Circuit Breaker Triggered',
    color: '#FF4C4C',
    description: 'Calls failed often enough to trip the breaker; calls are now rejected fast.',
  }),
  'open->half_open': Object.freeze({
    title: '🔄 Attempting Circuit Breaker Recovery',
    color: '#FFA500',
    description: 'The wait is over: a few probe calls are let through to test the service.',
  }),
  'half_open->open': Object.freeze({
    title: '⚠️ Circuit Breaker Re-triggered',
    color: '#FF4C4C',
    description: 'The probe calls failed, so the circuit is open again.',
  }),
  'half_open->closed': Object.freeze({
    title: '✅ Circuit Breaker Recovered',
    color: '#36a64f',
    description: 'The probe calls succeeded; the service is healthy and calls run normally.',
  }),
});

/**
 * The template for every transition without its own (manual controls, metrics_only, disabled,
 * forced_open ...).
 *
 * @example
 * ```ts
 * DEFAULT_FALLBACK_TEMPLATE.color; // '#808080'
 * ```
 */
export const DEFAULT_FALLBACK_TEMPLATE: SlackTemplate = Object.freeze({
  title: 'ℹ️ Circuit Breaker State Changed',
  color: '#808080',
  description: "The circuit breaker's state was changed.",
});

/** The `'<old>-><new>'` key of a signal's transition. */
export function transitionKey(signal: Signal): TransitionKey {
  return `${signal.oldState}->${signal.newState}`;
}

/**
 * The resolved templates of one listener: the defaults with the user's entries laid over them.
 * Built once at construction, so a post only looks a key up.
 */
export class TemplateSet {
  private readonly byKey: ReadonlyMap<string, SlackTemplate>;
  readonly fallback: SlackTemplate;

  constructor(templates: SlackTemplates = {}, fallback: Partial<SlackTemplate> = {}) {
    this.fallback = Object.freeze({ ...DEFAULT_FALLBACK_TEMPLATE, ...fallback });
    const byKey = new Map<string, SlackTemplate>(Object.entries(DEFAULT_TEMPLATES));
    for (const [key, partial] of Object.entries(templates)) {
      if (partial === undefined) continue;
      byKey.set(key, Object.freeze({ ...(byKey.get(key) ?? this.fallback), ...partial }));
    }
    this.byKey = byKey;
  }

  /** The template for `signal`'s transition, or the fallback. */
  for(signal: Signal): SlackTemplate {
    return this.byKey.get(transitionKey(signal)) ?? this.fallback;
  }
}
