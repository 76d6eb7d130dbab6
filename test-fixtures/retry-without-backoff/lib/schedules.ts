// A retry schedule shared by the project's Effect pipelines.
import { Schedule } from 'effect';

export const retrySchedule = Schedule.exponential('250 millis').pipe(Schedule.jittered, Schedule.compose(Schedule.recurs(5)));
