import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApolloClient } from './apollo.js';
import { App } from './App.js';
import './styles.css';

const { client, restartSocket } = createApolloClient();
// A new token: the socket reconnects with it, and every query runs again.
const onToken = (): void => {
  restartSocket();
  void client.resetStore().catch(() => undefined);
};
const root = document.getElementById('root');
if (!root) throw new Error('console: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <ApolloProvider client={client}><App onToken={onToken} /></ApolloProvider>
  </StrictMode>,
);
