/**
 * @module @fluxgate/listener-log
 */
export * from '@fluxgate/listener-log';
