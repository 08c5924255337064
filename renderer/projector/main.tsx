// The client must read the credential from the URL before anything else looks at the hash.
import '../lib/desk-client.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Projector } from './Projector.js';
import './projector.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Projector />
  </StrictMode>,
);
