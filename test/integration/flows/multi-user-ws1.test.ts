import { multiUserSuite } from './multi-user-suite.js';

multiUserSuite('ws1', 7);
