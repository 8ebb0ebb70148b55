export { All } from './all';
export { Permit } from './permit';
export { RampUp, type RampUpOptions } from './ramp-up';
export { Random } from './random';
