/** Entry point: styles, then the app. The colour mode was already applied by /theme-init.js. */
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/index.css';

createRoot(document.getElementById('root')!).render(<App />);
