/**
 * Launcher 2 (`npm run test:vscode`): the same suite in desktop VS Code through @vscode/test-electron,
 * against the packaged .vsix installed into a fresh extensions folder (as the code-server launcher does).
 * Uses VSCODE_EXECUTABLE_PATH when set, else downloads VS Code, which only works where its download
 * server is reachable; otherwise it stops with a message saying so. Not part of CI (code-server is).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { makeWorkspace } from './make-workspace';

const root = path.resolve(__dirname, '..', '..', '..');
const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = path.resolve(process.env.VSIX ?? path.join(root, `${name}-${version}.vsix`));

async function executable(): Promise<string> {
  if (process.env.VSCODE_EXECUTABLE_PATH) return process.env.VSCODE_EXECUTABLE_PATH;
  try {
    return await downloadAndUnzipVSCode();
  } catch (error) {
    throw new Error(
      `could not download VS Code (${error instanceof Error ? error.message : String(error)}).\n` +
        'Set VSCODE_EXECUTABLE_PATH to an installed VS Code (the `code` binary or the app executable), or run where the ' +
        'download works. Offline, `npm run test:e2e` runs the same suite in code-server.',
      { cause: error },
    );
  }
}

/** Installs the .vsix with VS Code's own CLI; returns the folder it unpacked. */
function installVsix(vscode: string, extensionsDir: string): string {
  const [cli, ...args] = resolveCliArgsFromVSCodeExecutablePath(vscode);
  const install = spawnSync(cli, [...args, '--extensions-dir', extensionsDir, '--install-extension', vsix], { encoding: 'utf8', stdio: 'inherit', shell: process.platform === 'win32' });
  if (install.status !== 0) throw new Error(`installing ${vsix} failed (exit ${install.status})`);
  const installed = fs.readdirSync(extensionsDir).find((entry) => entry.startsWith(`${name}.${name}-`));
  if (!installed) throw new Error(`${vsix} installed nothing into ${extensionsDir}`);
  return path.join(extensionsDir, installed);
}

async function main(): Promise<void> {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found: run npm run package first`);
  const vscode = await executable();
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-vscode-'));
  try {
    const extensionsDir = path.join(run, 'extensions');
    const installed = installVsix(vscode, extensionsDir);
    await runTests({
      vscodeExecutablePath: vscode,
      // The test runner needs a development path: the installed folder, so the shipped files are what runs.
      extensionDevelopmentPath: installed,
      extensionTestsPath: path.join(root, 'out', 'e2e', 'index.js'),
      extensionTestsEnv: { HTTP_RESILIENCE_E2E_EXTENSION_ROOT: extensionsDir },
      launchArgs: [makeWorkspace(path.join(run, 'workspace')), '--extensions-dir', extensionsDir, '--user-data-dir', path.join(run, 'user'), '--disable-workspace-trust'],
    });
  } finally {
    fs.rmSync(run, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`test:vscode: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
