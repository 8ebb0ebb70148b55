/**
 * @module @fluxgate/core/trackers
 */
export * from '@fluxgate/core/trackers';
