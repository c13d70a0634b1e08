// Hostile input for every export, in Node (see hostile.mjs).
import { test } from 'node:test';
import fc from 'fast-check';
import * as wc from 'wc-keys';
import { defineHostile } from './hostile.mjs';

defineHostile(test, wc, fc);
