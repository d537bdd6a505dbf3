import { singleUserSuite } from './single-user-suite.js';

singleUserSuite('ws1');
