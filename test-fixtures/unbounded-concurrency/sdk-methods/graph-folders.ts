// Folder tree expansion through a mailbox interface whose `getClient()` returns the Graph client: the root folders
// come from a helper that returns up to 500 rows, and every root folder's children are requested at once.
import type { MailFolder } from '@microsoft/microsoft-graph-types';
import { type GraphMailbox, withGraphRetry } from './graph-mailbox';

interface Folder {
  id: string;
  name: string;
  children: Folder[];
}

function toFolder(folder: MailFolder): Folder {
  return { id: folder.id ?? '', name: folder.displayName ?? '', children: [] };
}

async function getRootFolders(mailbox: GraphMailbox): Promise<Folder[]> {
  const response: { value: MailFolder[] } = await withGraphRetry(() => mailbox.getClient().api('/me/mailFolders').select('id,displayName').top(500).get());
  return response.value.map(toFolder);
}

async function expandFolder(mailbox: GraphMailbox, folder: Folder): Promise<void> {
  const response: { value: MailFolder[] } = await withGraphRetry(() => mailbox.getClient().api(`/me/mailFolders/${folder.id}/childFolders`).get());
  folder.children = response.value.map(toFolder);
}

export async function loadFolderTree(mailbox: GraphMailbox): Promise<Folder[]> {
  const folders = await getRootFolders(mailbox);
  const expansions: Promise<void>[] = [];
  for (const folder of folders) {
    expansions.push(expandFolder(mailbox, folder)); // expect: unbounded-concurrency
  }
  await Promise.all(expansions);
  return folders;
}

// clean: the favourites list is capped at 10 by the query, and one folder at a time.
async function getFavouriteFolders(mailbox: GraphMailbox): Promise<Folder[]> {
  const response: { value: MailFolder[] } = await mailbox.getClient().api('/me/mailFolders').filter('isHidden eq false').top(10).get();
  return response.value.map(toFolder);
}

export async function loadFavourites(mailbox: GraphMailbox): Promise<Folder[]> {
  const folders = await getFavouriteFolders(mailbox);
  await Promise.all(folders.map((folder) => expandFolder(mailbox, folder)));
  return folders;
}

export async function loadFolderTreeInOrder(mailbox: GraphMailbox): Promise<Folder[]> {
  const folders = await getRootFolders(mailbox);
  for (const folder of folders) await expandFolder(mailbox, folder);
  return folders;
}
