import { version } from '../package.json';

/** This package's version: the meter's instrumentation-scope version. */
export const VERSION: string = version;
