// A limiter defined in one file and used in another.
import pLimit from 'p-limit';

export const limit = pLimit(8);
