/**
 * @module @fluxgate/core/trippers
 */
export * from '@fluxgate/core/trippers';
