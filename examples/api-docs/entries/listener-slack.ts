/**
 * @module @fluxgate/listener-slack
 */
export * from '@fluxgate/listener-slack';
