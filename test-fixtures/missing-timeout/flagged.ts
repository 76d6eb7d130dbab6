// Requests that can wait forever (or 300 s) for a stuck server.
import axios from 'axios';
import got from 'got';
import { request } from 'undici';
import https from 'node:https';
import nodeFetch from 'node-fetch';
import superagent from 'superagent';

export async function plainFetch(url: string) {
  return fetch(url); // expect: missing-timeout
}

export async function fetchWithInit(url: string) {
  return fetch(url, { headers: { accept: 'application/json' } }); // expect: missing-timeout
}

export async function polyfill(url: string) {
  return nodeFetch(url); // expect: missing-timeout
}

export async function viaAxios(url: string) {
  return axios.get(url); // expect: missing-timeout
}

export async function postViaAxios(url: string, body: unknown) {
  return axios.post(url, body, { headers: { 'content-type': 'application/json' } }); // expect: missing-timeout
}

const api = axios.create({ baseURL: 'https://api.example.com' });
export async function viaInstance(path: string) {
  return api.get(path); // expect: missing-timeout
}

export async function viaGot(url: string) {
  return got(url).json(); // expect: missing-timeout
}

export async function viaUndici(url: string) {
  const { body } = await request(url); // expect: missing-timeout
  return body.json();
}

export function viaHttps(url: string) {
  return new Promise((resolve, reject) => {
    https.get(url, resolve).on('error', reject); // expect: missing-timeout
  });
}

export async function viaSuperagent(url: string) {
  return superagent.get(url).set('accept', 'application/json'); // expect: missing-timeout
}

export async function timeoutIsIgnoredByFetch(url: string) {
  return fetch(url, { timeout: 5_000 } as RequestInit); // expect: wrong-pool-option
}

export async function mongoDocumentIsNotTheDom(find: () => Promise<{ title: string }>) {
  const document = await find();
  return fetch(`https://api.example.com/${document.title}`); // expect: missing-timeout
}
