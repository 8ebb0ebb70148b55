// Jest global teardown: removes what the global setup made.
export { teardown as default } from './consumer-app';
