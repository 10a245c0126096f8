#!/usr/bin/python3
# A notification server for the reminder tests that never answers some calls:
#   notify-hang.py LOG [PATTERN]
# owns org.freedesktop.Notifications on the session bus and logs each Notify
# call to LOG ("TIME Notify "APP" "SUMMARY""); a Notify whose summary holds
# PATTERN (default: every one) gets no reply at all, the others get an id.
import sys
import time

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

IFACE = 'org.freedesktop.Notifications'
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
log = open(sys.argv[1], 'a', buffering=1)
pattern = sys.argv[2] if len(sys.argv) > 2 else ''
held = []  # the replies never sent


class Server(dbus.service.Object):
    next_id = 1

    @dbus.service.method(IFACE, in_signature='', out_signature='as')
    def GetCapabilities(self):
        return ['body']

    @dbus.service.method(IFACE, in_signature='', out_signature='ssss')
    def GetServerInformation(self):
        return ('notify-hang', 'dipcal tests', '1.0', '1.2')

    @dbus.service.method(IFACE, in_signature='susssasa{sv}i', out_signature='u',
                         async_callbacks=('reply', 'error'))
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout, reply, error):
        log.write('%.3f Notify "%s" %d "" "%s"\n' % (time.time(), app, replaces, summary))
        if pattern in summary:
            held.append(reply)
            return
        reply(dbus.UInt32(self.next_id))
        self.next_id += 1

    @dbus.service.method(IFACE, in_signature='u', out_signature='')
    def CloseNotification(self, nid):
        pass


bus = dbus.SessionBus()
name = dbus.service.BusName(IFACE, bus)
Server(bus, '/org/freedesktop/Notifications')
GLib.MainLoop().run()
