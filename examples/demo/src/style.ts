import type { State } from '@fluxgate/core';

/** Terminal colours, or none (not a TTY, `NO_COLOR`, tests). */
export interface Style {
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
  /** `text` in the colour of `state`: green closed, red open, yellow half_open. */
  readonly state: (state: State, text?: string) => string;
}

const CODES: Record<string, string> = { red: '31', green: '32', yellow: '33', grey: '90' };
const STATE_COLOURS: Record<State, string> = {
  closed: 'green',
  open: 'red',
  half_open: 'yellow',
  metrics_only: 'grey',
  disabled: 'grey',
  forced_open: 'red',
};

/** A style that colours with ANSI codes when `enabled`, and passes text through otherwise. */
export function createStyle(enabled: boolean): Style {
  const paint = (code: string, text: string) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    dim: (text) => paint('2', text),
    bold: (text) => paint('1', text),
    state: (state, text = state) => paint(CODES[STATE_COLOURS[state]]!, text),
  };
}

/** Whether a stream should get colours: a terminal, and the user did not set `NO_COLOR`. */
export function wantsColour(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}
