import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { EntityRecord as EntityRecordModel, SubgraphContext } from '@flow/kit';
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
  DateTime: { input: Date; output: Date; }
  _FieldSet: { input: any; output: any; }
};

export type Assignment = {
  __typename?: 'Assignment';
  id: Scalars['ID']['output'];
  /** Orchestrated flows using this assignment */
  orchestratedFlows: Array<OrchestratedFlow>;
};

export type CreateOrchestratedFlowInput = {
  assignmentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  cronExpression?: InputMaybe<Scalars['String']['input']>;
  /** At most 1000 characters */
  description?: InputMaybe<Scalars['String']['input']>;
  isScheduleEnabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** 1..50 characters */
  name: Scalars['String']['input'];
  /** 1..50 characters */
  version: Scalars['String']['input'];
  workflowId: Scalars['ID']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  createOrchestratedFlow: OrchestratedFlow;
  /** Refused with CONFLICT while anything refers to it */
  deleteOrchestratedFlow: Scalars['ID']['output'];
  updateOrchestratedFlow: OrchestratedFlow;
};


export type MutationCreateOrchestratedFlowArgs = {
  input: CreateOrchestratedFlowInput;
};


export type MutationDeleteOrchestratedFlowArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateOrchestratedFlowArgs = {
  id: Scalars['ID']['input'];
  input: UpdateOrchestratedFlowInput;
};

/** A workflow bound to assignments of data, optionally on a cron schedule */
export type OrchestratedFlow = {
  __typename?: 'OrchestratedFlow';
  assignmentIds: Array<Scalars['ID']['output']>;
  assignments: Array<Assignment>;
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['String']['output'];
  /** Cron schedule: 5 fields, or 6 with seconds first */
  cronExpression?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  /** Server-generated GUID */
  id: Scalars['ID']['output'];
  isScheduleEnabled: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  updatedBy: Scalars['String']['output'];
  version: Scalars['String']['output'];
  workflow?: Maybe<Workflow>;
  workflowId: Scalars['ID']['output'];
};

export type OrchestratedFlowConnection = {
  __typename?: 'OrchestratedFlowConnection';
  nodes: Array<OrchestratedFlow>;
  pageInfo: PageInfo;
  /** Rows matching the filter, across all pages */
  totalCount: Scalars['Int']['output'];
};

/** Every field given must match; reference filters match one id */
export type OrchestratedFlowFilter = {
  assignmentId?: InputMaybe<Scalars['ID']['input']>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Only the flows whose schedule is on (true) or off (false) */
  isScheduleEnabled?: InputMaybe<Scalars['Boolean']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  version?: InputMaybe<Scalars['String']['input']>;
  workflowId?: InputMaybe<Scalars['ID']['input']>;
};

/** Forward pagination state of a connection */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` to read the next page */
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  orchestratedFlow?: Maybe<OrchestratedFlow>;
  /** Looks up by composite key */
  orchestratedFlowByKey?: Maybe<OrchestratedFlow>;
  /** Ordered by creation; first is 1..100 (default 20) */
  orchestratedFlows: OrchestratedFlowConnection;
};


export type QueryOrchestratedFlowArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrchestratedFlowByKeyArgs = {
  name: Scalars['String']['input'];
  version: Scalars['String']['input'];
};


export type QueryOrchestratedFlowsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<OrchestratedFlowFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A patch: only the fields given change; null clears an optional field */
export type UpdateOrchestratedFlowInput = {
  assignmentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  cronExpression?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  isScheduleEnabled?: InputMaybe<Scalars['Boolean']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  version?: InputMaybe<Scalars['String']['input']>;
  workflowId?: InputMaybe<Scalars['ID']['input']>;
};

export type Workflow = {
  __typename?: 'Workflow';
  id: Scalars['ID']['output'];
  /** Orchestrated flows running this workflow */
  orchestratedFlows: Array<OrchestratedFlow>;
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
  Assignment: Assignment;
  OrchestratedFlow: OrchestratedFlow;
  Workflow: Workflow;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Assignment:
    ( { __typename: 'Assignment' }
    & GraphQLRecursivePick<FederationTypes['Assignment'], {"id":true}> );
  OrchestratedFlow:
    ( { __typename: 'OrchestratedFlow' }
    & GraphQLRecursivePick<FederationTypes['OrchestratedFlow'], {"id":true}> );
  Workflow:
    ( { __typename: 'Workflow' }
    & GraphQLRecursivePick<FederationTypes['Workflow'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Assignment: ResolverTypeWrapper<{ id: string }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CreateOrchestratedFlowInput: CreateOrchestratedFlowInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OrchestratedFlow: ResolverTypeWrapper<EntityRecordModel>;
  OrchestratedFlowConnection: ResolverTypeWrapper<Omit<OrchestratedFlowConnection, 'nodes'> & { nodes: Array<ResolversTypes['OrchestratedFlow']> }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  OrchestratedFlowFilter: OrchestratedFlowFilter;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  UpdateOrchestratedFlowInput: UpdateOrchestratedFlowInput;
  Workflow: ResolverTypeWrapper<{ id: string }>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Assignment: { id: string };
  ID: Scalars['ID']['output'];
  CreateOrchestratedFlowInput: CreateOrchestratedFlowInput;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  OrchestratedFlow: EntityRecordModel;
  OrchestratedFlowConnection: Omit<OrchestratedFlowConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['OrchestratedFlow']> };
  Int: Scalars['Int']['output'];
  OrchestratedFlowFilter: OrchestratedFlowFilter;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  UpdateOrchestratedFlowInput: UpdateOrchestratedFlowInput;
  Workflow: { id: string };
}>;

export type AssignmentResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Assignment'] = ResolversParentTypes['Assignment'], FederationReferenceType extends FederationReferenceTypes['Assignment'] = FederationReferenceTypes['Assignment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Assignment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  orchestratedFlows?: Resolver<Array<ResolversTypes['OrchestratedFlow']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createOrchestratedFlow?: Resolver<ResolversTypes['OrchestratedFlow'], ParentType, ContextType, RequireFields<MutationCreateOrchestratedFlowArgs, 'input'>>;
  deleteOrchestratedFlow?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteOrchestratedFlowArgs, 'id'>>;
  updateOrchestratedFlow?: Resolver<ResolversTypes['OrchestratedFlow'], ParentType, ContextType, RequireFields<MutationUpdateOrchestratedFlowArgs, 'id' | 'input'>>;
}>;

export type OrchestratedFlowResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['OrchestratedFlow'] = ResolversParentTypes['OrchestratedFlow'], FederationReferenceType extends FederationReferenceTypes['OrchestratedFlow'] = FederationReferenceTypes['OrchestratedFlow']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['OrchestratedFlow']> | FederationReferenceType, FederationReferenceType, ContextType>;
  assignmentIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  assignments?: Resolver<Array<ResolversTypes['Assignment']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cronExpression?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isScheduleEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workflow?: Resolver<Maybe<ResolversTypes['Workflow']>, ParentType, ContextType>;
  workflowId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type OrchestratedFlowConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['OrchestratedFlowConnection'] = ResolversParentTypes['OrchestratedFlowConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['OrchestratedFlow']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  orchestratedFlow?: Resolver<Maybe<ResolversTypes['OrchestratedFlow']>, ParentType, ContextType, RequireFields<QueryOrchestratedFlowArgs, 'id'>>;
  orchestratedFlowByKey?: Resolver<Maybe<ResolversTypes['OrchestratedFlow']>, ParentType, ContextType, RequireFields<QueryOrchestratedFlowByKeyArgs, 'name' | 'version'>>;
  orchestratedFlows?: Resolver<ResolversTypes['OrchestratedFlowConnection'], ParentType, ContextType, RequireFields<QueryOrchestratedFlowsArgs, 'first'>>;
}>;

export type WorkflowResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Workflow'] = ResolversParentTypes['Workflow'], FederationReferenceType extends FederationReferenceTypes['Workflow'] = FederationReferenceTypes['Workflow']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Workflow']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  orchestratedFlows?: Resolver<Array<ResolversTypes['OrchestratedFlow']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  Assignment?: AssignmentResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  OrchestratedFlow?: OrchestratedFlowResolvers<ContextType>;
  OrchestratedFlowConnection?: OrchestratedFlowConnectionResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Workflow?: WorkflowResolvers<ContextType>;
}>;

