/**
 * The renderer over the fake client, for development and screenshots. URL parameters:
 * host=desktop|browser, lights=N, speed=x (delay multiplier), initial=empty|night|masters|running|done,
 * nightRed=1.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../../../renderer/App';
import { createFakeNightcalClient, type FakeClientOptions } from '../fake-nightcal-client';

const params = new URLSearchParams(location.search);
const host = params.get('host') === 'browser' ? 'browser' : 'desktop';
const client = createFakeNightcalClient({
  host,
  lights: Number(params.get('lights') ?? 1000),
  speed: Number(params.get('speed') ?? 1),
  initial: (params.get('initial') ?? 'empty') as FakeClientOptions['initial'],
});
if (params.has('nightRed')) localStorage.setItem('nightcal.nightRed', params.get('nightRed') === '1' ? '1' : '0');
// What a desktop preload would answer for a dropped folder.
const pathForDroppedFile = host === 'desktop' ? (file: File) => `/Users/observer/Astro/${file.name}` : undefined;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={client} pathForDroppedFile={pathForDroppedFile} />
  </StrictMode>,
);
