// A CommonJS project without `esModuleInterop` (and with library checks on, so the packages'
// own declarations are checked): listener-log's types must not default-import winston.
import { CircuitBreaker } from '@fluxgate/core';
import { LogListener } from '@fluxgate/listener-log';
import * as winston from 'winston';

const logger = winston.createLogger({ transports: [new winston.transports.Console()] });
export const breaker = new CircuitBreaker({
  listeners: [new LogListener({ name: 'cjs', logger })],
});
