/**
 * @module @fluxgate/core/permits
 */
export * from '@fluxgate/core/permits';
