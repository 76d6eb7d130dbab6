import { HttpBase } from './http-base';

export class GitlabHttp extends HttpBase {}

export const gitlabApi = new GitlabHttp();
