// How Mozilla's ical.js (the parser inside Thunderbird) reads an iCalendar file, as JSON.
//
//   node parse.mjs [--offsets FROM_YEAR TO_YEAR] FILE...
//
// Prints {"icaljs": VERSION, "files": {FILE: {...}}}: for each file its VCALENDAR's PRODID and
// VERSION, every VTODO and VEVENT (uid, summary, description, its length in code points, status,
// priority, transp, categories, related-to, X-CALSYNC-KIND, alarms, and DTSTART / DUE / DTEND with
// their TZID parameter, the zone ical.js resolved it to, the local time and the UTC instant), and
// every VTIMEZONE by TZID. With --offsets, each VTIMEZONE is also asked the UTC offset of every
// local hour of those years (a wall-clock time with that TZID, as ical.js turns it into an
// instant); the answer is listed only where it changes: [[local time, offset in seconds], ...].
//
// Only the file's own VTIMEZONEs are used: nothing is registered with ICAL.TimezoneService, so a
// TZID without a VTIMEZONE shows as the zone "floating" instead of being silently made right.
// Any parse error exits 1 with the message on stderr.

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const pkg = JSON.parse(
  readFileSync(new URL("./node_modules/ical.js/package.json", import.meta.url), "utf8"),
);

function instant(time) {
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function when(component, name) {
  const prop = component.getFirstProperty(name);
  if (!prop) return null;
  const value = prop.getFirstValue();
  return {
    tzid: prop.getParameter("tzid") ?? null,
    zone: value.zone ? value.zone.tzid : null,
    is_date: value.isDate,
    local: value.toString(),
    utc: instant(value),
  };
}

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

function item(component) {
  const description = text(component, "description");
  return {
    type: component.name,
    uid: text(component, "uid"),
    summary: text(component, "summary"),
    description,
    description_length: description === null ? null : [...description].length,
    status: text(component, "status"),
    priority: component.getFirstPropertyValue("priority"),
    transp: text(component, "transp"),
    categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
    related_to: text(component, "related-to"),
    x_calsync_kind: text(component, "x-calsync-kind"),
    dtstamp: when(component, "dtstamp"),
    dtstart: when(component, "dtstart"),
    due: when(component, "due"),
    dtend: when(component, "dtend"),
    alarms: component.getAllSubcomponents("valarm").map((alarm) => {
      const trigger = alarm.getFirstProperty("trigger");
      return {
        action: text(alarm, "action"),
        trigger: trigger ? trigger.getFirstValue().toString() : null,
        trigger_seconds:
          trigger && trigger.type === "duration" ? trigger.getFirstValue().toSeconds() : null,
        related: trigger ? (trigger.getParameter("related") ?? null) : null,
      };
    }),
  };
}

function offsetAt(zone, wall) {
  // `wall` is a local wall-clock time in `zone`, written as epoch milliseconds as if it were UTC.
  const d = new Date(wall);
  const time = new ICAL.Time(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: 0,
      second: 0,
      isDate: false,
    },
    zone,
  );
  return [time.toString(), wall / 1000 - time.toUnixTime()];
}

function offsets(zone, fromYear, toYear) {
  // Every local hour of the years; a day whose first and last hour have the offset of the day
  // before is skipped whole (no zone changes its offset twice in a day and back).
  const hour = 3600 * 1000;
  const changes = [];
  let previous = null;
  const end = Date.UTC(toYear + 1, 0, 1);
  for (let day = Date.UTC(fromYear, 0, 1); day < end; day += 24 * hour) {
    if (offsetAt(zone, day)[1] === previous && offsetAt(zone, day + 23 * hour)[1] === previous) {
      continue;
    }
    for (let wall = day; wall < day + 24 * hour; wall += hour) {
      const [local, offset] = offsetAt(zone, wall);
      if (offset !== previous) {
        changes.push([local, offset]);
        previous = offset;
      }
    }
  }
  return changes;
}

function summarize(path, range) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const calendars = root.name === "vcalendar" ? [root] : root.getAllSubcomponents("vcalendar");
  if (calendars.length !== 1) throw new Error(`${path}: ${calendars.length} VCALENDARs`);
  const [calendar] = calendars;
  const timezones = {};
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    const tzid = text(vtimezone, "tzid");
    const zone = calendar.getTimeZoneByID(tzid);
    timezones[tzid] = {
      resolved: zone ? zone.tzid : null,
      observances: vtimezone.getAllSubcomponents().map((c) => c.name),
      offsets: zone && range ? offsets(zone, range[0], range[1]) : null,
    };
  }
  return {
    prodid: text(calendar, "prodid"),
    version: text(calendar, "version"),
    timezones,
    items: calendar
      .getAllSubcomponents()
      .filter((c) => c.name === "vtodo" || c.name === "vevent")
      .map(item),
  };
}

const args = process.argv.slice(2);
let range = null;
if (args[0] === "--offsets") {
  range = [Number(args[1]), Number(args[2])];
  args.splice(0, 3);
}
if (args.length === 0 || (range && !range.every(Number.isInteger))) {
  process.stderr.write("usage: node parse.mjs [--offsets FROM_YEAR TO_YEAR] FILE...\n");
  process.exit(2);
}
const files = {};
for (const path of args) {
  try {
    files[path] = summarize(path, range);
  } catch (error) {
    process.stderr.write(`${path}: ${error.stack ?? error}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify({ icaljs: pkg.version, files }, null, 1) + "\n");
