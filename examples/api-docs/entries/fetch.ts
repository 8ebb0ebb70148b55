/**
 * @module @fluxgate/fetch
 */
export * from '@fluxgate/fetch';
