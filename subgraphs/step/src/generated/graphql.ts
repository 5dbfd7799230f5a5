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

export type CreateStepInput = {
  /** At most 1000 characters */
  description?: InputMaybe<Scalars['String']['input']>;
  entryCondition?: InputMaybe<EntryCondition>;
  /** 1..50 characters */
  name: Scalars['String']['input'];
  nextStepIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  processorId: Scalars['ID']['input'];
  /** 1..50 characters */
  version: Scalars['String']['input'];
};

/** When a step runs, given how its predecessors ended */
export type EntryCondition =
  | 'ALWAYS'
  | 'NEVER'
  | 'PREVIOUS_FAILURE'
  | 'PREVIOUS_SUCCESS';

export type Mutation = {
  __typename?: 'Mutation';
  createStep: Step;
  /** Refused with CONFLICT while anything refers to it */
  deleteStep: Scalars['ID']['output'];
  updateStep: Step;
};


export type MutationCreateStepArgs = {
  input: CreateStepInput;
};


export type MutationDeleteStepArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateStepArgs = {
  id: Scalars['ID']['input'];
  input: UpdateStepInput;
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
  id: Scalars['ID']['output'];
  /** Steps executed by this processor */
  steps: Array<Step>;
};

export type Query = {
  __typename?: 'Query';
  step?: Maybe<Step>;
  /** Looks up by composite key */
  stepByKey?: Maybe<Step>;
  /** Ordered by creation; first is 1..100 (default 20) */
  steps: StepConnection;
};


export type QueryStepArgs = {
  id: Scalars['ID']['input'];
};


export type QueryStepByKeyArgs = {
  name: Scalars['String']['input'];
  version: Scalars['String']['input'];
};


export type QueryStepsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<StepFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** One unit of work of a workflow, executed by a processor */
export type Step = {
  __typename?: 'Step';
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  entryCondition: EntryCondition;
  /** Server-generated GUID */
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Steps that may run after this one */
  nextStepIds: Array<Scalars['ID']['output']>;
  nextSteps: Array<Step>;
  /** Steps listing this one among their next steps */
  previousSteps: Array<Step>;
  processor?: Maybe<Processor>;
  processorId: Scalars['ID']['output'];
  updatedAt: Scalars['DateTime']['output'];
  updatedBy: Scalars['String']['output'];
  version: Scalars['String']['output'];
};

export type StepConnection = {
  __typename?: 'StepConnection';
  nodes: Array<Step>;
  pageInfo: PageInfo;
  /** Rows matching the filter, across all pages */
  totalCount: Scalars['Int']['output'];
};

/** Every field given must match; reference filters match one id */
export type StepFilter = {
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  name?: InputMaybe<Scalars['String']['input']>;
  nextStepId?: InputMaybe<Scalars['ID']['input']>;
  processorId?: InputMaybe<Scalars['ID']['input']>;
  version?: InputMaybe<Scalars['String']['input']>;
};

/** A patch: only the fields given change; null clears an optional field */
export type UpdateStepInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  entryCondition?: InputMaybe<EntryCondition>;
  name?: InputMaybe<Scalars['String']['input']>;
  nextStepIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  processorId?: InputMaybe<Scalars['ID']['input']>;
  version?: InputMaybe<Scalars['String']['input']>;
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
  Processor: Processor;
  Step: Step;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Processor:
    ( { __typename: 'Processor' }
    & GraphQLRecursivePick<FederationTypes['Processor'], {"id":true}> );
  Step:
    ( { __typename: 'Step' }
    & GraphQLRecursivePick<FederationTypes['Step'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CreateStepInput: CreateStepInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EntryCondition: EntryCondition;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Processor: ResolverTypeWrapper<{ id: string }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Step: ResolverTypeWrapper<EntityRecordModel>;
  StepConnection: ResolverTypeWrapper<Omit<StepConnection, 'nodes'> & { nodes: Array<ResolversTypes['Step']> }>;
  StepFilter: StepFilter;
  UpdateStepInput: UpdateStepInput;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CreateStepInput: CreateStepInput;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Processor: { id: string };
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Step: EntityRecordModel;
  StepConnection: Omit<StepConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Step']> };
  StepFilter: StepFilter;
  UpdateStepInput: UpdateStepInput;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createStep?: Resolver<ResolversTypes['Step'], ParentType, ContextType, RequireFields<MutationCreateStepArgs, 'input'>>;
  deleteStep?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteStepArgs, 'id'>>;
  updateStep?: Resolver<ResolversTypes['Step'], ParentType, ContextType, RequireFields<MutationUpdateStepArgs, 'id' | 'input'>>;
}>;

export type PageInfoResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProcessorResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Processor'] = ResolversParentTypes['Processor'], FederationReferenceType extends FederationReferenceTypes['Processor'] = FederationReferenceTypes['Processor']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Processor']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  steps?: Resolver<Array<ResolversTypes['Step']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  step?: Resolver<Maybe<ResolversTypes['Step']>, ParentType, ContextType, RequireFields<QueryStepArgs, 'id'>>;
  stepByKey?: Resolver<Maybe<ResolversTypes['Step']>, ParentType, ContextType, RequireFields<QueryStepByKeyArgs, 'name' | 'version'>>;
  steps?: Resolver<ResolversTypes['StepConnection'], ParentType, ContextType, RequireFields<QueryStepsArgs, 'first'>>;
}>;

export type StepResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Step'] = ResolversParentTypes['Step'], FederationReferenceType extends FederationReferenceTypes['Step'] = FederationReferenceTypes['Step']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Step']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  entryCondition?: Resolver<ResolversTypes['EntryCondition'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nextStepIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  nextSteps?: Resolver<Array<ResolversTypes['Step']>, ParentType, ContextType>;
  previousSteps?: Resolver<Array<ResolversTypes['Step']>, ParentType, ContextType>;
  processor?: Resolver<Maybe<ResolversTypes['Processor']>, ParentType, ContextType>;
  processorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type StepConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['StepConnection'] = ResolversParentTypes['StepConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Step']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Processor?: ProcessorResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Step?: StepResolvers<ContextType>;
  StepConnection?: StepConnectionResolvers<ContextType>;
}>;

