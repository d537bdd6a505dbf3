import { multiUserSuite } from './multi-user-suite.js';

multiUserSuite('local', 3);
