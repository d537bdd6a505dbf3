import '@mantine/core/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { theme } from './app/theme';
import { TransportContext } from './store/client';
import { connectStation } from './store/connect';
import { pickTransport } from './transport/pick-transport';

const transport = pickTransport();
connectStation(transport);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <TransportContext.Provider value={transport}>
          <App />
        </TransportContext.Provider>
      </MantineProvider>
    </StrictMode>,
  );
}
