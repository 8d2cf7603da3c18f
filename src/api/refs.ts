// References to every entity type, declared before any is implemented, so that type modules can
// point at each other (talk → speaker → talk) without import cycles. Each ref is implemented in
// src/api/types/<type>.ts.

import type { ChangeRow } from '../store/changes.js';
import type { NodeRow } from '../store/nodes.js';
import type { Predicate as PredicateRow } from '../store/predicates.js';
import { builder } from './builder.js';
import { connectionOf } from './pagination.js';

export const Talk = builder.objectRef<NodeRow>('Talk');
export const Speaker = builder.objectRef<NodeRow>('Speaker');
export const Topic = builder.objectRef<NodeRow>('Topic');
export const Event = builder.objectRef<NodeRow>('Event');
export const Organization = builder.objectRef<NodeRow>('Organization');
export const Technology = builder.objectRef<NodeRow>('Technology');
export const Document = builder.objectRef<NodeRow>('Document');
export const Change = builder.objectRef<ChangeRow>('Change');
export const Predicate = builder.objectRef<PredicateRow>('Predicate');

export const TalkConnection = connectionOf<NodeRow>('Talk', Talk, 'talk');
export const SpeakerConnection = connectionOf<NodeRow>('Speaker', Speaker, 'speaker');
export const TopicConnection = connectionOf<NodeRow>('Topic', Topic, 'topic');
export const EventConnection = connectionOf<NodeRow>('Event', Event, 'event');
