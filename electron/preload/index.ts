import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, eventNames, type EventName, type TextdeskApi } from '../../shared/contract';
import { createTextdeskApi, type IpcTransport } from './api';

/**
 * The sandboxed preload: exposes window.textdesk, built from the contract, and nothing else.
 * ipcRenderer itself never reaches the page; neither does the IPC event object, which would
 * carry the sender and its ports.
 */
const transport: IpcTransport = {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe(event: EventName, deliver: (payload: unknown) => void) {
    const listener = (_event: IpcRendererEvent, payload: unknown) => deliver(payload);
    ipcRenderer.on(event, listener);
    return () => void ipcRenderer.removeListener(event, listener);
  },
};

const api: TextdeskApi = createTextdeskApi(transport, channelNames, eventNames);
contextBridge.exposeInMainWorld('textdesk', api);
