/**
 * @module @fluxgate/core/retries
 */
export * from '@fluxgate/core/retries';
