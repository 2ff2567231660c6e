"use client";

import { useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import type { IceServer, SelectedDevices } from "@/lib/video/connection";
import { ConnectionTest } from "./connection-test";
import { DeviceCheck } from "./device-check";

/** The /device-check page: devices first, then a test call with them. */
export function DeviceCheckFlow({ iceServers }: { iceServers: IceServer[] }) {
  const [devices, setDevices] = useState<SelectedDevices | null>(null);
  return (
    <Card>
      <CardContent className="flex flex-col gap-6 pt-6">
        {devices ? (
          <>
            <Alert variant="success">
              <AlertTitle>Your camera and microphone work</AlertTitle>
              <AlertDescription>Now try a test call to check video calls work in this browser.</AlertDescription>
            </Alert>
            <ConnectionTest iceServers={iceServers} devices={devices} />
            <Button variant="link" className="self-start" onClick={() => setDevices(null)}>
              Check my devices again
            </Button>
          </>
        ) : (
          <DeviceCheck onReady={setDevices} continueLabel="Continue to a test call" />
        )}
      </CardContent>
    </Card>
  );
}
