import { useState } from 'react';
import type { WidgetProps } from '@rjsf/utils';
import type { ClipwrightClient } from '@app/client';

/**
 * A text field that also takes an image upload: the picture goes to POST /v1/assets and the field
 * gets `asset:<id>`, the form templates read uploads by. Used for fields whose schema mentions asset ids.
 */
export function assetWidget(client: ClipwrightClient) {
  return function AssetWidget(props: WidgetProps) {
    const [state, setState] = useState<string>('');
    const value = typeof props.value === 'string' ? props.value : '';
    return (
      <div className="asset-widget">
        <input
          id={props.id}
          name={props.id}
          type="text"
          value={value}
          aria-describedby={`${props.id}__description ${props.id}-upload-state`}
          onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
        />
        <label className="upload">
          <span>Upload an image</span>
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setState(`Uploading ${file.name}…`);
              try {
                const asset = await client.uploadAsset(file, file.name);
                props.onChange(`asset:${asset.id}`);
                setState(`Uploaded ${asset.name}`);
              } catch (x) {
                setState(`Upload failed: ${(x as Error).message}`);
              }
            }}
          />
        </label>
        <span id={`${props.id}-upload-state`} role="status" className="help">
          {state}
        </span>
      </div>
    );
  };
}
