// @fluxgate/slack-stand-in: a local Slack Web API for tests and the demo. Not published: its
// users import it from source (jest and tsx compile it).
export type { SlackStandInOptions, StandInReply, StandInRequest } from './slack-stand-in';
export { parsePostBody, SlackStandIn } from './slack-stand-in';
