import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date and time in UTC */
  DateTime: { input: Date; output: Date | string; }
  /** Any JSON value */
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: any; output: any; }
};

/** What a bulk control did */
export type BulkControlResult = {
  __typename?: 'BulkControlResult';
  /** Runs the control changed (the others were in a status it does not apply to) */
  affected: Scalars['Int']['output'];
  /** Runs the filter matched */
  matched: Scalars['Int']['output'];
};

/** A message given up on (it failed for its own reason, or too often): it waits in its queue's dead-letter queue until an operator replays or discards it */
export type DeadLetter = {
  __typename?: 'DeadLetter';
  /** The body as it was sent: JSON text, or what could not be read as JSON */
  body: Scalars['String']['output'];
  deadLetteredAt?: Maybe<Scalars['DateTime']['output']>;
  /** The deliveries it had before it was given up on */
  deliveries?: Maybe<Scalars['Int']['output']>;
  /** Its headers (a sender's credentials left out) */
  headers: Scalars['JSON']['output'];
  /** Stable while it waits: name it to replay or discard it */
  id: Scalars['ID']['output'];
  /** The queue it was given up on, where a replay puts it back: orchestrator.events or processor.<processorId> */
  queue: Scalars['String']['output'];
  /** Why: a DeadLetterReason (MALFORMED_BODY, NON_RETRYABLE, DELIVERIES_EXHAUSTED, MESSAGE_TOO_LARGE), then what happened */
  reason: Scalars['String']['output'];
};

/** The dead letters of one queue, oldest first */
export type DeadLetterList = {
  __typename?: 'DeadLetterList';
  nodes: Array<DeadLetter>;
  /** How many wait in the queue's dead-letter queue */
  total: Scalars['Int']['output'];
};

/** Which runs: every given condition holds (times are inclusive bounds) */
export type ExecutionFilter = {
  correlationId?: InputMaybe<Scalars['String']['input']>;
  finishedAfter?: InputMaybe<Scalars['DateTime']['input']>;
  finishedBefore?: InputMaybe<Scalars['DateTime']['input']>;
  orchestratedFlowId?: InputMaybe<Scalars['ID']['input']>;
  startedAfter?: InputMaybe<Scalars['DateTime']['input']>;
  startedBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Any of these statuses */
  statuses?: InputMaybe<Array<ExecutionStatus>>;
};

export type ExecutionStatus =
  | 'COMPLETED'
  | 'FAILED'
  /** An operator paused it: nothing new is dispatched until resumeExecution; steps in flight finish */
  | 'PAUSED'
  /** Started beyond the flow's maxConcurrentRuns (onLimit QUEUE): waits, nothing dispatched, until a run of the flow ends */
  | 'QUEUED'
  | 'RUNNING'
  | 'STOPPED';

export type Mutation = {
  __typename?: 'Mutation';
  /** Deletes dead letters of a queue for good: the named ones, or all of them (of the first 1,000). Answers how many */
  discardDeadLetters: Scalars['Int']['output'];
  /** Pauses a RUNNING run (PAUSED): nothing new is dispatched, steps in flight finish; CONFLICT otherwise */
  pauseExecution: OrchestrationStatus;
  /** Puts dead letters of a queue back on it as new first deliveries, once their cause is repaired: the named ones, or all of them (of the first 1,000). Answers how many */
  replayDeadLetters: Scalars['Int']['output'];
  /** Starts a new run of an ended run's pinned flow snapshot, with its input unless one is given; the new run records rerunOf */
  rerunExecution: OrchestrationStatus;
  /** Resumes a PAUSED run where it stopped: what the pause held is dispatched; CONFLICT otherwise */
  resumeExecution: OrchestrationStatus;
  /**
   * Runs a FAILED or STOPPED run again from its failed steps: the named steps (default every FAILED,
   * TIMED_OUT and CANCELLED step) get a new attempt with the input they had, the steps after them
   * re-evaluate their entry conditions, SUCCEEDED steps keep their outputs. CONFLICT otherwise.
   */
  retryExecution: OrchestrationStatus;
  /** Retries every FAILED or STOPPED run the filter matches (their default steps) */
  retryExecutions: BulkControlResult;
  /** Starts a run now; refused for an unknown flow, a cycle, or a processor without a live heartbeat */
  startOrchestration: OrchestrationStatus;
  /** Stops a RUNNING or PAUSED run: STOPPED, pending and running steps CANCELLED; CONFLICT when it ended */
  stopExecution: OrchestrationStatus;
  /** Stops every RUNNING or PAUSED run the filter matches */
  stopExecutions: BulkControlResult;
  /** Stops the running run of a flow: STOPPED, pending steps CANCELLED */
  stopOrchestration: OrchestrationStatus;
};


export type MutationDiscardDeadLettersArgs = {
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  queue: Scalars['String']['input'];
};


export type MutationPauseExecutionArgs = {
  executionId: Scalars['ID']['input'];
};


export type MutationReplayDeadLettersArgs = {
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  queue: Scalars['String']['input'];
};


export type MutationRerunExecutionArgs = {
  executionId: Scalars['ID']['input'];
  input?: InputMaybe<Scalars['JSON']['input']>;
};


export type MutationResumeExecutionArgs = {
  executionId: Scalars['ID']['input'];
};


export type MutationRetryExecutionArgs = {
  executionId: Scalars['ID']['input'];
  stepIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type MutationRetryExecutionsArgs = {
  filter: ExecutionFilter;
};


export type MutationStartOrchestrationArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input?: InputMaybe<Scalars['JSON']['input']>;
  orchestratedFlowId: Scalars['ID']['input'];
};


export type MutationStopExecutionArgs = {
  executionId: Scalars['ID']['input'];
};


export type MutationStopExecutionsArgs = {
  filter: ExecutionFilter;
};


export type MutationStopOrchestrationArgs = {
  orchestratedFlowId: Scalars['ID']['input'];
};

export type OrchestratedFlow = {
  __typename?: 'OrchestratedFlow';
  /** Runs, newest first */
  executions: OrchestrationStatusConnection;
  id: Scalars['ID']['output'];
  /** The next times its cron schedule fires (empty when it has none or it is disabled); count 1..100 */
  nextFireTimes: Array<Scalars['DateTime']['output']>;
  /** The most recent run, if any */
  status?: Maybe<OrchestrationStatus>;
};


export type OrchestratedFlowExecutionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type OrchestratedFlowNextFireTimesArgs = {
  count?: InputMaybe<Scalars['Int']['input']>;
};

/** One run of an orchestrated flow */
export type OrchestrationStatus = {
  __typename?: 'OrchestrationStatus';
  /** Steps in a terminal state */
  completedSteps: Scalars['Int']['output'];
  /** Steps running now */
  currentSteps: Array<Scalars['ID']['output']>;
  executionId: Scalars['ID']['output'];
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  flow: OrchestratedFlow;
  orchestratedFlowId: Scalars['ID']['output'];
  /** The run this one re-runs (rerunExecution), if any */
  rerunOf?: Maybe<Scalars['ID']['output']>;
  startedAt: Scalars['DateTime']['output'];
  status: ExecutionStatus;
  steps: Array<StepExecution>;
  totalSteps: Scalars['Int']['output'];
  /** Incremented by every transition of the run */
  version: Scalars['Int']['output'];
};

export type OrchestrationStatusConnection = {
  __typename?: 'OrchestrationStatusConnection';
  nodes: Array<OrchestrationStatus>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** Forward pagination state of a connection */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` to read the next page */
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Processor = {
  __typename?: 'Processor';
  /** Messages in its dead-letter queue; null when the broker cannot be read now */
  deadLetterDepth?: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  /** Instances with a live heartbeat now (an instance that stopped disappears within three heartbeat periods); null when the heartbeats cannot be read now */
  instances?: Maybe<Array<ProcessorInstance>>;
  /** Commands waiting in its queue; null when the broker cannot be read now */
  queueDepth?: Maybe<Scalars['Int']['output']>;
};

/** One running instance of a processor, from its latest heartbeat */
export type ProcessorInstance = {
  __typename?: 'ProcessorInstance';
  /** Commands it was executing at that heartbeat */
  inFlight: Scalars['Int']['output'];
  /** Names the instance: host:pid:random unless configured */
  instanceId: Scalars['ID']['output'];
  /** When its latest heartbeat was written */
  lastSeenAt: Scalars['DateTime']['output'];
  /** The processor version this instance runs */
  version: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Checks a start input against the input schemas of the flow's entry steps without starting anything: the violations startOrchestration would refuse it for (at most 50), empty when it would pass */
  checkStartInput: Array<StartInputViolation>;
  /** The dead letters of a queue (orchestrator.events or processor.<processorId>), oldest first, of the first 1,000 waiting; `after` is a dead letter's id */
  deadLetters: DeadLetterList;
  execution?: Maybe<OrchestrationStatus>;
  /** Runs, newest first; all flows unless one is named (`orchestratedFlowId` is `filter.orchestratedFlowId`) */
  executions: OrchestrationStatusConnection;
  /** The most recent run of a flow, or null when it never ran */
  orchestrationStatus?: Maybe<OrchestrationStatus>;
};


export type QueryCheckStartInputArgs = {
  input?: InputMaybe<Scalars['JSON']['input']>;
  orchestratedFlowId: Scalars['ID']['input'];
};


export type QueryDeadLettersArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  queue: Scalars['String']['input'];
};


export type QueryExecutionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryExecutionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ExecutionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orchestratedFlowId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryOrchestrationStatusArgs = {
  orchestratedFlowId: Scalars['ID']['input'];
};

/** Why a start input would be refused: where in the input, the schema keyword it breaks, and a message naming the entry step, its processor and the schema */
export type StartInputViolation = {
  __typename?: 'StartInputViolation';
  constraint: Scalars['String']['output'];
  /** input, input/n, input/items/0... */
  field: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type Step = {
  __typename?: 'Step';
  id: Scalars['ID']['output'];
};

/** One attempt of a step */
export type StepAttempt = {
  __typename?: 'StepAttempt';
  /** 1, 2, ...: retries and operator retries count on */
  attempt: Scalars['Int']['output'];
  error?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** RUNNING while in flight, then how it ended */
  outcome: StepStatus;
  /** When it was dispatched */
  startedAt: Scalars['DateTime']['output'];
};

/** One step of a run */
export type StepExecution = {
  __typename?: 'StepExecution';
  /** Every attempt, oldest first */
  attemptHistory: Array<StepAttempt>;
  /** Dispatches so far (retries included) */
  attempts: Scalars['Int']['output'];
  error?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  input?: Maybe<Scalars['JSON']['output']>;
  output?: Maybe<Scalars['JSON']['output']>;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: StepStatus;
  step: Step;
};

export type StepStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'PENDING'
  | 'RUNNING'
  | 'SKIPPED'
  | 'SUCCEEDED'
  | 'TIMED_OUT';

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * The run of a flow as it changes: the current state first, then each new version (strictly
   * increasing; changes close together may be coalesced), ending after the terminal state.
   * Served by the gateway's graphql-ws edge; its twin is Query.orchestrationStatus.
   */
  orchestrationStatus: OrchestrationStatus;
};


export type SubscriptionOrchestrationStatusArgs = {
  orchestratedFlowId: Scalars['ID']['input'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  OrchestratedFlow: OrchestratedFlow;
  Processor: Processor;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  OrchestratedFlow:
    ( { __typename: 'OrchestratedFlow' }
    & GraphQLRecursivePick<FederationTypes['OrchestratedFlow'], {"id":true}> );
  Processor:
    ( { __typename: 'Processor' }
    & GraphQLRecursivePick<FederationTypes['Processor'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  BulkControlResult: ResolverTypeWrapper<BulkControlResult>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeadLetter: ResolverTypeWrapper<DeadLetter>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DeadLetterList: ResolverTypeWrapper<DeadLetterList>;
  ExecutionFilter: ExecutionFilter;
  ExecutionStatus: ExecutionStatus;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OrchestratedFlow: ResolverTypeWrapper<{ id: string }>;
  OrchestrationStatus: ResolverTypeWrapper<Omit<OrchestrationStatus, 'flow' | 'steps'> & { flow: { id: string }; steps: Array<Omit<StepExecution, 'step'> & { step: { id: string } }> }>;
  OrchestrationStatusConnection: ResolverTypeWrapper<Omit<OrchestrationStatusConnection, 'nodes' | 'totalCount'> & { nodes: Array<Omit<OrchestrationStatus, 'flow' | 'steps'> & { flow: { id: string }; steps: Array<Omit<StepExecution, 'step'> & { step: { id: string } }> }>; totalCount: () => Promise<number> }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Processor: ResolverTypeWrapper<{ id: string }>;
  ProcessorInstance: ResolverTypeWrapper<ProcessorInstance>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  StartInputViolation: ResolverTypeWrapper<StartInputViolation>;
  Step: ResolverTypeWrapper<{ id: string }>;
  StepAttempt: ResolverTypeWrapper<StepAttempt>;
  StepExecution: ResolverTypeWrapper<Omit<StepExecution, 'step'> & { step: ResolversTypes['Step'] }>;
  StepStatus: StepStatus;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  BulkControlResult: BulkControlResult;
  Int: Scalars['Int']['output'];
  DateTime: Scalars['DateTime']['output'];
  DeadLetter: DeadLetter;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  DeadLetterList: DeadLetterList;
  ExecutionFilter: ExecutionFilter;
  JSON: Scalars['JSON']['output'];
  Mutation: Record<PropertyKey, never>;
  OrchestratedFlow: { id: string };
  OrchestrationStatus: Omit<OrchestrationStatus, 'flow' | 'steps'> & { flow: { id: string }; steps: Array<Omit<StepExecution, 'step'> & { step: { id: string } }> };
  OrchestrationStatusConnection: Omit<OrchestrationStatusConnection, 'nodes' | 'totalCount'> & { nodes: Array<Omit<OrchestrationStatus, 'flow' | 'steps'> & { flow: { id: string }; steps: Array<Omit<StepExecution, 'step'> & { step: { id: string } }> }>; totalCount: () => Promise<number> };
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Processor: { id: string };
  ProcessorInstance: ProcessorInstance;
  Query: Record<PropertyKey, never>;
  StartInputViolation: StartInputViolation;
  Step: { id: string };
  StepAttempt: StepAttempt;
  StepExecution: Omit<StepExecution, 'step'> & { step: ResolversParentTypes['Step'] };
  Subscription: Record<PropertyKey, never>;
}>;

export type BulkControlResultResolvers<ContextType = any, ParentType extends ResolversParentTypes['BulkControlResult'] = ResolversParentTypes['BulkControlResult']> = ResolversObject<{
  affected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  matched?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeadLetterResolvers<ContextType = any, ParentType extends ResolversParentTypes['DeadLetter'] = ResolversParentTypes['DeadLetter']> = ResolversObject<{
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deadLetteredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  deliveries?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  headers?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  queue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DeadLetterListResolvers<ContextType = any, ParentType extends ResolversParentTypes['DeadLetterList'] = ResolversParentTypes['DeadLetterList']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['DeadLetter']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = any, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  discardDeadLetters?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationDiscardDeadLettersArgs, 'queue'>>;
  pauseExecution?: Resolver<ResolversTypes['OrchestrationStatus'], ParentType, ContextType, RequireFields<MutationPauseExecutionArgs, 'executionId'>>;
  replayDeadLetters?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationReplayDeadLettersArgs, 'queue'>>;
  rerunExecution?: Resolver<ResolversTypes['OrchestrationStatus'], ParentType, ContextType, RequireFields<MutationRerunExecutionArgs, 'executionId'>>;
  resumeExecution?: Resolver<ResolversTypes['OrchestrationStatus'], ParentType, ContextType, RequireFields<MutationResumeExecutionArgs, 'executionId'>>;
  retryExecution?: Resolver<ResolversTypes['OrchestrationStatus'], ParentType, ContextType, RequireFields<MutationRetryExecutionArgs, 'executionId'>>;
  retryExecutions?: Resolver<ResolversTypes['BulkControlResult'], ParentType, ContextType, RequireFields<MutationRetryExecutionsArgs, 'filter'>>;
  startOrchestration?: Resolver<ResolversTypes['OrchestrationStatus'], ParentType, ContextType, RequireFields<MutationStartOrchestrationArgs, 'orchestratedFlowId'>>;
  stopExecution?: Resolver<ResolversTypes['OrchestrationStatus'], ParentType, ContextType, RequireFields<MutationStopExecutionArgs, 'executionId'>>;
  stopExecutions?: Resolver<ResolversTypes['BulkControlResult'], ParentType, ContextType, RequireFields<MutationStopExecutionsArgs, 'filter'>>;
  stopOrchestration?: Resolver<ResolversTypes['OrchestrationStatus'], ParentType, ContextType, RequireFields<MutationStopOrchestrationArgs, 'orchestratedFlowId'>>;
}>;

export type OrchestratedFlowResolvers<ContextType = any, ParentType extends ResolversParentTypes['OrchestratedFlow'] = ResolversParentTypes['OrchestratedFlow'], FederationReferenceType extends FederationReferenceTypes['OrchestratedFlow'] = FederationReferenceTypes['OrchestratedFlow']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['OrchestratedFlow']> | FederationReferenceType, FederationReferenceType, ContextType>;
  executions?: Resolver<ResolversTypes['OrchestrationStatusConnection'], ParentType, ContextType, RequireFields<OrchestratedFlowExecutionsArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  nextFireTimes?: Resolver<Array<ResolversTypes['DateTime']>, ParentType, ContextType, RequireFields<OrchestratedFlowNextFireTimesArgs, 'count'>>;
  status?: Resolver<Maybe<ResolversTypes['OrchestrationStatus']>, ParentType, ContextType>;
}>;

export type OrchestrationStatusResolvers<ContextType = any, ParentType extends ResolversParentTypes['OrchestrationStatus'] = ResolversParentTypes['OrchestrationStatus']> = ResolversObject<{
  completedSteps?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currentSteps?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  executionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  flow?: Resolver<ResolversTypes['OrchestratedFlow'], ParentType, ContextType>;
  orchestratedFlowId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  rerunOf?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ExecutionStatus'], ParentType, ContextType>;
  steps?: Resolver<Array<ResolversTypes['StepExecution']>, ParentType, ContextType>;
  totalSteps?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type OrchestrationStatusConnectionResolvers<ContextType = any, ParentType extends ResolversParentTypes['OrchestrationStatusConnection'] = ResolversParentTypes['OrchestrationStatusConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['OrchestrationStatus']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = any, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProcessorResolvers<ContextType = any, ParentType extends ResolversParentTypes['Processor'] = ResolversParentTypes['Processor'], FederationReferenceType extends FederationReferenceTypes['Processor'] = FederationReferenceTypes['Processor']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Processor']> | FederationReferenceType, FederationReferenceType, ContextType>;
  deadLetterDepth?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  instances?: Resolver<Maybe<Array<ResolversTypes['ProcessorInstance']>>, ParentType, ContextType>;
  queueDepth?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type ProcessorInstanceResolvers<ContextType = any, ParentType extends ResolversParentTypes['ProcessorInstance'] = ResolversParentTypes['ProcessorInstance']> = ResolversObject<{
  inFlight?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  instanceId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = any, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  checkStartInput?: Resolver<Array<ResolversTypes['StartInputViolation']>, ParentType, ContextType, RequireFields<QueryCheckStartInputArgs, 'orchestratedFlowId'>>;
  deadLetters?: Resolver<ResolversTypes['DeadLetterList'], ParentType, ContextType, RequireFields<QueryDeadLettersArgs, 'first' | 'queue'>>;
  execution?: Resolver<Maybe<ResolversTypes['OrchestrationStatus']>, ParentType, ContextType, RequireFields<QueryExecutionArgs, 'id'>>;
  executions?: Resolver<ResolversTypes['OrchestrationStatusConnection'], ParentType, ContextType, RequireFields<QueryExecutionsArgs, 'first'>>;
  orchestrationStatus?: Resolver<Maybe<ResolversTypes['OrchestrationStatus']>, ParentType, ContextType, RequireFields<QueryOrchestrationStatusArgs, 'orchestratedFlowId'>>;
}>;

export type StartInputViolationResolvers<ContextType = any, ParentType extends ResolversParentTypes['StartInputViolation'] = ResolversParentTypes['StartInputViolation']> = ResolversObject<{
  constraint?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type StepResolvers<ContextType = any, ParentType extends ResolversParentTypes['Step'] = ResolversParentTypes['Step']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type StepAttemptResolvers<ContextType = any, ParentType extends ResolversParentTypes['StepAttempt'] = ResolversParentTypes['StepAttempt']> = ResolversObject<{
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['StepStatus'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type StepExecutionResolvers<ContextType = any, ParentType extends ResolversParentTypes['StepExecution'] = ResolversParentTypes['StepExecution']> = ResolversObject<{
  attemptHistory?: Resolver<Array<ResolversTypes['StepAttempt']>, ParentType, ContextType>;
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  input?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  output?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['StepStatus'], ParentType, ContextType>;
  step?: Resolver<ResolversTypes['Step'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = any, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  orchestrationStatus?: SubscriptionResolver<ResolversTypes['OrchestrationStatus'], "orchestrationStatus", ParentType, ContextType, RequireFields<SubscriptionOrchestrationStatusArgs, 'orchestratedFlowId'>>;
}>;

export type Resolvers<ContextType = any> = ResolversObject<{
  BulkControlResult?: BulkControlResultResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeadLetter?: DeadLetterResolvers<ContextType>;
  DeadLetterList?: DeadLetterListResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  OrchestratedFlow?: OrchestratedFlowResolvers<ContextType>;
  OrchestrationStatus?: OrchestrationStatusResolvers<ContextType>;
  OrchestrationStatusConnection?: OrchestrationStatusConnectionResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Processor?: ProcessorResolvers<ContextType>;
  ProcessorInstance?: ProcessorInstanceResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  StartInputViolation?: StartInputViolationResolvers<ContextType>;
  Step?: StepResolvers<ContextType>;
  StepAttempt?: StepAttemptResolvers<ContextType>;
  StepExecution?: StepExecutionResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
}>;

