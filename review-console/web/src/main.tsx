import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './app/app-shell.js';
import { setupI18n } from './i18n/i18n.js';
import { SessionProvider } from './session/session-context.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/screens.css';
import './styles/case.css';

setupI18n();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <AppShell />
    </SessionProvider>
  </StrictMode>,
);
