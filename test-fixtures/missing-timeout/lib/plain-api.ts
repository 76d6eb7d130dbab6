import axios from 'axios';

export const plainApi = axios.create({ baseURL: 'https://api.example.com' });
