import noCachedSession from './no-cached-session.js';
import noSessionInLoop from './no-session-in-loop.js';
import requireSessionClose from './require-session-close.js';

export const rules = {
  'no-cached-session': noCachedSession,
  'no-session-in-loop': noSessionInLoop,
  'require-session-close': requireSessionClose,
};
