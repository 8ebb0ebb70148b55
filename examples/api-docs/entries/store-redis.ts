/**
 * @module @fluxgate/store-redis
 */
export * from '@fluxgate/store-redis';
