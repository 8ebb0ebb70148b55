/**
 * @module @fluxgate/listener-otel
 */
export * from '@fluxgate/listener-otel';
