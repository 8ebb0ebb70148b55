export { All } from './all';
export { Custom } from './custom';
export { Tracker } from './tracker';
export { TypeOf } from './type-of';
