/**
 * @module @fluxgate/listener-prometheus
 */
export * from '@fluxgate/listener-prometheus';
