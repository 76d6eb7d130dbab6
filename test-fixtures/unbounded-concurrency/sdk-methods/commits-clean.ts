// clean: the `octokit` package applies its throttling plugin (Bottleneck, 10 requests at a time) to every client it
// builds, so a fan-out through a method that sends with it waits for the client's own limiter.
import { Octokit } from 'octokit';

export class ReleaseFiles {
  private readonly octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });

  constructor(
    private readonly owner: string,
    private readonly repo: string,
  ) {}

  async changedSince(since: string) {
    const commits = await this.octokit.paginate('GET /repos/{owner}/{repo}/commits', { owner: this.owner, repo: this.repo, since, per_page: 100 });
    const files = new Set<string>();
    await Promise.all(
      commits.map(async (commit) => {
        for (const file of await this.commitFiles(commit.sha)) files.add(file);
      }),
    );
    return [...files];
  }

  private async commitFiles(sha: string) {
    const { data } = await this.octokit.rest.repos.getCommit({ owner: this.owner, repo: this.repo, ref: sha });
    return (data.files ?? []).map((file) => file.filename);
  }
}
