/**
 * @module @fluxgate/core
 */
export * from '@fluxgate/core';
