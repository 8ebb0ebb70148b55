/**
 * @module @fluxgate/core/windows
 */
export * from '@fluxgate/core/windows';
