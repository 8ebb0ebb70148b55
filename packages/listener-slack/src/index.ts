export { AsyncSlackListener } from './async-slack-listener';
export type { SlackMessage } from './message';
export type { AsyncSlackListenerOptions, SlackListenerOptions } from './options';
export { createSlackClient, SLACK_CLIENT_DEFAULTS } from './slack-client';
export { SlackListener } from './slack-listener';
export type { SlackPostErrorInit } from './slack-post-error';
export { SlackPostError } from './slack-post-error';
export type { SlackTemplate, SlackTemplates, TransitionKey } from './templates';
export { DEFAULT_FALLBACK_TEMPLATE, DEFAULT_TEMPLATES } from './templates';
